import pytest
from rest_framework.settings import api_settings


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "partner": "4/minute"},
    }
    assert api_settings.DEFAULT_THROTTLE_RATES["anon"] == "2/minute"
