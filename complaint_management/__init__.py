from . import models
from . import wizard
