"""Signing in: password reset by e-mail and the login lock-out (django-axes)."""
