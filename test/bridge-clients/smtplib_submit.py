# Submits one mail with Python's smtplib (the standard library's client),
# driven by test/node/bridge-python.test.ts: argv host port user password
# from to... ; the mail on stdin. Prints what the server answered as JSON.
import json
import smtplib
import sys

host, port, user, password, sender, *recipients = sys.argv[1:]
message = sys.stdin.buffer.read()
out = {}
with smtplib.SMTP(host, int(port), timeout=30) as smtp:
    code, banner = smtp.ehlo()
    out["ehlo"] = banner.decode().splitlines()
    out["maxSize"] = smtp.esmtp_features.get("size")
    try:
        smtp.login(user, "not the password")
        out["wrongPassword"] = "accepted"
    except smtplib.SMTPAuthenticationError as err:
        out["wrongPassword"] = err.smtp_code
    smtp.login(user, password)
    try:
        smtp.sendmail("someone-else@example.com", recipients, message)
        out["foreignSender"] = "accepted"
    except smtplib.SMTPSenderRefused as err:
        out["foreignSender"] = err.smtp_code
    refused = smtp.sendmail(sender, recipients, message)
    out["refused"] = refused
print(json.dumps(out))
