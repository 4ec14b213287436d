"""A real SMTP server for the test suite (aiosmtpd).

Stores every accepted message as NAME.eml with NAME.json beside it (the envelope
recipients and, when the client logged in, its user name), and refuses any recipient
whose local part starts with "reject" with a permanent 550, as a mail server does for an
unknown mailbox. Runs until SIGTERM.

With --auth-user and --auth-password it is a relay that requires AUTH, as a submission
server does: no mail is taken before a client logs in with exactly that user and password
(compared as bytes, so a password is never "nearly right"). It offers PLAIN and LOGIN, or only
those named in --auth-mechanisms, over plain text, which is acceptable on loopback only. Every
refused login is appended to auth-failures.log in the folder.

    python smtp_sink.py --port 2525 --dir /tmp/mail
    python smtp_sink.py --port 2525 --dir /tmp/mail --auth-user u --auth-password 'p w+%'
"""

import argparse
import itertools
import json
import logging
import os
import signal
import threading
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("reject"):
            # Quoting the address, as real relays do (Postfix: "<x@y>: Recipient address rejected").
            return f"550 5.1.1 <{address}>: Mailbox unavailable: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{os.getpid()}-{next(self.counter)}"
        base = os.path.join(self.folder, name)
        login = None
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode("utf-8", "replace")
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}, f)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 Message accepted for delivery"


class Authenticator:
    """Accepts exactly one user and password, and notes every refusal."""

    def __init__(self, folder, user, password):
        self.folder = folder
        self.user = user.encode("utf-8")
        self.password = password.encode("utf-8")

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.user
            and auth_data.password == self.password
        ):
            return AuthResult(success=True, auth_data=auth_data)
        with open(os.path.join(self.folder, "auth-failures.log"), "a", encoding="utf-8") as f:
            login = auth_data.login.decode("utf-8", "replace") if isinstance(auth_data, LoginPassword) else "?"
            f.write(f"{mechanism} {login}\n")
        return AuthResult(success=False, handled=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-password")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    auth = {}
    if args.auth_user is not None:
        # aiosmtpd warns (rightly) about AUTH without TLS; here that is the point.
        warnings.filterwarnings("ignore", module="aiosmtpd")
        logging.getLogger("mail.log").setLevel(logging.ERROR)
        offered = {m.strip().upper() for m in args.auth_mechanisms.split(",") if m.strip()}
        auth = dict(
            authenticator=Authenticator(args.dir, args.auth_user, args.auth_password or ""),
            auth_required=True,
            # Plain-text AUTH: the tests talk to it on loopback only.
            auth_require_tls=False,
            auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in offered],
        )
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port, ready_timeout=10, **auth)
    controller.start()
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
