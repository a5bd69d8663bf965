"""(to be written: the catalogue drafted, put out for public comment as a consultation, published)"""

from fazhi.consultation import models as consultation_models  # noqa: F401
from fazhi.consultation import services as consultation_services  # noqa: F401
