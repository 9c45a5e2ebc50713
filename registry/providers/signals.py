"""What the provider register tells the layers above it.

`provider_status_changed` is sent by `registry.providers.services` inside the transaction that
changes a provider's status, so that a receiver's writes commit or roll back with it. The public
search (`credentials.search`) connects to it to show or hide the provider's listings: plumbing,
not a workflow step, and it keeps this app from importing the apps built on it.
"""

from django.dispatch import Signal

# Sent with `provider` (the Provider, its new status already saved).
provider_status_changed = Signal()
