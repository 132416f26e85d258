"""Registration's pages, one module per audience: ``candidate`` (网上报名 and the window),
``application`` (one application with its materials and 申报表 PDF, for its candidate and the
desk), ``review``, ``imports``, ``report`` and ``public``."""
