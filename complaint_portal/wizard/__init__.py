from . import complaint_api_key_wizard
