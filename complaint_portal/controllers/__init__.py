from . import portal
from . import track
from . import answer
from . import api
from . import statistics
from . import privacy
from . import party
from . import chatter
