# One IMAP session with Python's imaplib (the standard library's client),
# driven by test/node/bridge-python.test.ts: it prints what each step got as
# JSON, bytes in base64, and the test checks them against the v1 API.
import base64
import imaplib
import json
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
out = {}


def b64(data):
    return base64.b64encode(data).decode("ascii")


def literal(fetched):
    """The first literal of a FETCH answer (imaplib gives (head, bytes) tuples)."""
    for item in fetched:
        if isinstance(item, tuple):
            return item
    return (b"", b"")


wrong = imaplib.IMAP4(host, port)
try:
    wrong.login(user, "not the password")
    out["wrongPassword"] = "accepted"
except imaplib.IMAP4.error as err:
    out["wrongPassword"] = str(err)
wrong.logout()

imap = imaplib.IMAP4(host, port)
out["capabilities"] = sorted(imap.capabilities)
imap.login(user, password)
out["list"] = [line.decode() for line in imap.list()[1]]
typ, data = imap.select("INBOX")
out["exists"] = int(data[0])
out["searchAll"] = imap.uid("SEARCH", None, "ALL")[1][0].decode()
out["searchFrom"] = imap.uid("SEARCH", None, "FROM", '"bob"')[1][0].decode()
out["searchUnseenRange"] = imap.uid("SEARCH", None, "UNSEEN", "UID", "2:*")[1][0].decode()

head, body = literal(imap.uid("FETCH", "1", "(RFC822.SIZE INTERNALDATE FLAGS BODY.PEEK[])")[1])
out["whole"] = {"head": head.decode(), "body": b64(body)}
out["partial"] = b64(literal(imap.uid("FETCH", "1", "(BODY.PEEK[]<10.30>)")[1])[1])
out["fields"] = b64(literal(imap.uid("FETCH", "1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")[1])[1])
out["part1"] = b64(literal(imap.uid("FETCH", "1", "(BODY.PEEK[1])")[1])[1])
out["part2mime"] = b64(literal(imap.uid("FETCH", "1", "(BODY.PEEK[2.MIME])")[1])[1])
out["part2"] = b64(literal(imap.uid("FETCH", "1", "(BODY.PEEK[2])")[1])[1])
out["structure"] = imap.uid("FETCH", "1", "(BODYSTRUCTURE ENVELOPE)")[1][0].decode("latin1")

# BODY[] without PEEK marks the mail read, and says so in the same response.
answer = imap.uid("FETCH", "2", "(BODY[])")[1]
out["readHead"] = "".join(item[0].decode() if isinstance(item, tuple) else item.decode() for item in answer)
out["afterRead"] = imap.uid("FETCH", "2", "(FLAGS)")[1][0].decode()

imap.uid("STORE", "3", "+FLAGS", "(\\Deleted)")
typ, data = imap.uid("EXPUNGE", "3")
out["uidExpunge"] = [typ, [d.decode() if isinstance(d, bytes) else d for d in data]]
out["afterExpunge"] = imap.uid("SEARCH", None, "ALL")[1][0].decode()
imap.close()
imap.logout()
print(json.dumps(out))
