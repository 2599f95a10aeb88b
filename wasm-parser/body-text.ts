// The text and html bodies of one mail, collected part by part. Parts are
// grouped: the text parts of one multipart/alternative form one group, any
// other text part or nested message a group of its own. Each body is rendered
// from every group in order, from the group's own kind of part when it has
// one, else converted from the other kind (so a mail with a text part and a
// separate html part gets both in both bodies).
import { htmlHeaderBlock, type NestedHeaders, textHeaderBlock } from "./header-block";
import { htmlToText } from "./html-to-text";
import { textToHtml } from "./text-to-html";

export type BodyKind = "plain" | "html";

/** A decoded text part, or the header block of a nested message. */
export type BodyPiece = { text: string } | { nested: NestedHeaders };

interface Group {
  plain: BodyPiece[];
  html: BodyPiece[];
}

function renderPiece(piece: BodyPiece, kind: BodyKind, converted: boolean): string {
  if ("nested" in piece) return kind === "html" ? htmlHeaderBlock(piece.nested) : textHeaderBlock(piece.nested);
  if (!converted) return piece.text;
  return kind === "html" ? textToHtml(piece.text) : htmlToText(piece.text);
}

export class BodyText {
  private readonly groups: Group[] = [];
  private readonly byKey = new Map<number, Group>();
  /** the kinds of part this mail itself has: a body is rendered only for those */
  private readonly kinds = new Set<BodyKind>();

  /** Adds a piece to the group `key` (a part record address). */
  add(key: number, kind: BodyKind, piece: BodyPiece): void {
    let group = this.byKey.get(key);
    if (!group) {
      group = { plain: [], html: [] };
      this.byKey.set(key, group);
      this.groups.push(group);
    }
    group[kind].push(piece);
    this.kinds.add(kind);
  }

  /** Appends the groups of a nested message's body; its kinds stay its own. */
  adopt(nested: BodyText): void {
    for (const group of nested.groups) this.groups.push(group);
  }

  /** The body of one kind, "" when the mail has no part of that kind. */
  render(kind: BodyKind): string {
    if (!this.kinds.has(kind)) return "";
    const other: BodyKind = kind === "plain" ? "html" : "plain";
    const out: string[] = [];
    for (const group of this.groups) {
      const own = group[kind].length > 0;
      for (const piece of own ? group[kind] : group[other]) out.push(renderPiece(piece, kind, !own));
    }
    return out.join("\n");
  }
}
