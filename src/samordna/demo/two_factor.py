"""The demo's second factor: every demo user whose role calls for one gets an authenticator with
the same published key, so anyone trying the demo can log in without a phone:
`samordna demo_code USERNAME` prints the code an app with that key shows (or add the key to an
app). A real förbund never has a known key: its users set up their own app at the first login.
"""

import time
from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts import two_factor
from samordna.core import permissions

DEMO_KEY = b"samordna-demo-totp-1"  # 20 bytes, as RFC 4226 recommends; public on purpose
DEMO_KEY_BASE32 = b32encode(DEMO_KEY).decode()


def give_demo_authenticator(user) -> None:
    if permissions.needs_second_factor(user):
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo", defaults={"key": DEMO_KEY.hex(), "confirmed": True}
        )


def demo_code(username: str) -> str | None:
    """The code that logs `username` in now: a code is accepted once, so after a login in this
    half-minute it is the next period's (which the device still accepts). None for a user
    without the demo authenticator, or after two logins within one half-minute."""
    device = TOTPDevice.objects.filter(user__username=username, name="Demo").first()
    if device is None:
        return None
    now = (int(time.time()) - device.t0) // device.step + device.drift
    ahead = max(0, device.last_t + 1 - now)
    return None if ahead > device.tolerance else two_factor.code_shown(device, ahead)
