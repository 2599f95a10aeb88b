// RFC 3676 format=flowed: a line ending in a space continues on the next one.
// Space-stuffing is undone, the signature separator "-- " never flows, and
// with DelSp=yes the space that marked the soft break is dropped.

/** The paragraphs of a flowed body as plain lines joined by "\n". */
export function unflowText(text: string, delSp: boolean): string {
  const lines: string[] = [];
  let continues = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.startsWith(" ") ? raw.slice(1) : raw;
    if (continues) lines[lines.length - 1] += line;
    else lines.push(line);
    const paragraph = lines[lines.length - 1];
    continues = line.endsWith(" ") && paragraph !== "-- ";
    if (continues && delSp) lines[lines.length - 1] = paragraph.slice(0, -1);
  }
  return lines.join("\n");
}
