"""Registration's pages, one module per audience: ``candidate`` (网上报名, the window, one
application and its 申报表 PDF), ``review``, ``imports``, ``report`` and ``public``."""
