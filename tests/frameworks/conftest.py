import pytest

from frameworks.services import load_reference_data


@pytest.fixture
def reference_data(db):
    """The registry's own reference CSVs, loaded the way `manage.py load_reference_data` does."""
    return load_reference_data()
