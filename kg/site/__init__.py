"""The web view: a static site of every figure, article, measure, incident, organisation and place, written
from the built store (``kg site``; ``kg serve`` serves it at ``/``)."""
