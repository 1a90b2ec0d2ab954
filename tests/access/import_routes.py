"""Routes of the coordinator's CSV import of partners and agreements."""

from tests.access.matrix import only, route

ROUTES = [
    route("coordinator.import_upload", **only("coordinator")),
    # Posted without a file: the form answers 422 with its message and nothing changes.
    route("coordinator.import_upload", "POST", **only("coordinator")),
    # Posted without a preview token: back to the upload page with a message.
    route("coordinator.import_confirm", "POST", **only("coordinator")),
    route("coordinator.import_sample", **only("coordinator")),
]
