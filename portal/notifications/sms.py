"""SMS backends, chosen by SMS_BACKEND: "console" (the embedded default: prints, and keeps `outbox` for tests and
the demo) or "netgsm", an adapter for the HTTP API Turkish gateways of the NetGSM family speak (form POST, a
numeric status code and a job id in a plain-text answer). Numbers arrive in E.164."""

import logging
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


@dataclass
class SmsMessage:
    to: str  # E.164
    text: str
    ref: str = ""


# what the console backend sent, newest last (as django.core.mail.outbox for email)
outbox: list[SmsMessage] = []


class ConsoleBackend:
    def send(self, *, to: str, text: str) -> str:
        ref = f"console-{len(outbox) + 1}"
        outbox.append(SmsMessage(to=to, text=text, ref=ref))
        sys.stdout.write(f"--- SMS to {to} ---\n{text}\n---\n")
        sys.stdout.flush()
        return ref


class NetgsmBackend:
    """POST usercode, password, gsmno (90532…), message, msgheader, dil=TR (keeps ç ğ ı ş as they are).

    The gateway answers "00 <job id>" (or 01/02: accepted with a corrected date); other codes are errors: 20 the
    text, 30 the credentials or IP, 40 the sender name, 50/51 the account, 70 the parameters, 80/85 limits.
    """

    NOT_RETRYABLE = {"20", "30", "40", "50", "51", "70"}

    def __init__(self):
        self.url = settings.SMS_HTTP_URL
        self.user = settings.SMS_USER
        self.password = settings.SMS_PASSWORD
        self.sender = settings.SMS_SENDER
        self.timeout = settings.SMS_TIMEOUT_SECONDS

    def send(self, *, to: str, text: str) -> str:
        data = urllib.parse.urlencode(
            {
                "usercode": self.user,
                "password": self.password,
                "gsmno": to.lstrip("+"),
                "message": text,
                "msgheader": self.sender,
                "dil": "TR",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration, https in production
            self.url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = response.read(1000).decode("utf-8", "replace").strip()
        except urllib.error.HTTPError as error:
            raise SmsError(f"gateway HTTP {error.code}", retryable=error.code >= 500 or error.code == 429) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"gateway unreachable: {error}") from error
        code, _sep, ref = answer.partition(" ")
        if code in {"00", "01", "02"} and ref:
            return ref.strip()[:100]
        raise SmsError(f"gateway refused: {answer[:200]}", retryable=code not in self.NOT_RETRYABLE)


BACKENDS = {"console": ConsoleBackend, "netgsm": NetgsmBackend}


def get_backend():
    name = settings.SMS_BACKEND
    return BACKENDS[name]() if name in BACKENDS else import_string(name)()
