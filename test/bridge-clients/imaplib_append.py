# What a desktop client does after each send: submit the mail by SMTP, then
# APPEND its copy to Sent over IMAP (Python's smtplib and imaplib), driven by
# test/node/bridge-smtp.test.ts: argv host imap_port smtp_port user password;
# the mail on stdin. Prints each step's answer as JSON.
import imaplib
import json
import smtplib
import sys
import time

host, imap_port, smtp_port, user, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
mail = sys.stdin.buffer.read()
out = {}


def answer(call):
    """The tagged answer's status and text; imaplib raises on BAD, and says NO as a status."""
    try:
        typ, data = call()
        return [typ, b" ".join(d for d in data if isinstance(d, bytes)).decode()]
    except imaplib.IMAP4.error as err:
        return ["error", str(err)]


with smtplib.SMTP(host, smtp_port, timeout=30) as smtp:
    smtp.login(user, password)
    out["refused"] = smtp.sendmail(user, ["py@example.net"], mail)

imap = imaplib.IMAP4(host, imap_port)
imap.login(user, password)
now = imaplib.Time2Internaldate(time.time())
# the client's copy, with the Bcc line it keeps for itself
copy = mail.replace(b"\r\n\r\n", b"\r\nBcc: hidden@example.net\r\n\r\n", 1)
out["copy"] = answer(lambda: imap.append("Sent", "(\\Seen)", now, copy))
out["again"] = answer(lambda: imap.append("Sent", None, None, copy))
out["toInbox"] = answer(lambda: imap.append("INBOX", None, None, copy))
stranger = b"From: " + user.encode() + b"\r\nMessage-ID: <never-sent@example.com>\r\nSubject: x\r\n\r\nx\r\n"
out["neverSent"] = answer(lambda: imap.append("Sent", None, None, stranger))
out["noMessageId"] = answer(lambda: imap.append("Sent", None, None, b"Subject: x\r\n\r\nx\r\n"))
out["noFolder"] = answer(lambda: imap.append("Drafts", None, None, copy))
typ, data = imap.select("Sent")
out["sentExists"] = int(data[0])
out["sentUids"] = imap.uid("SEARCH", None, "ALL")[1][0].decode()
imap.logout()
print(json.dumps(out))
