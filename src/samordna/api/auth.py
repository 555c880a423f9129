"""API authentication: the browser session (with CSRF) or a personal API token."""

from ninja.security import HttpBearer, SessionAuth

from samordna.accounts.services import authenticate_api_token


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
