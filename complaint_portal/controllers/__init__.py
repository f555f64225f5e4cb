from . import portal
from . import statistics
