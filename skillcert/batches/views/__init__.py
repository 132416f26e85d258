"""Pages of batches, one module per subject: ``batches`` (list, plan, states, exceptions and the
deadline-risk list), ``changes`` (细则第十条), ``readiness`` (细则第八条、第九条) and ``sites``; the
skeletons they share are in ``common``. The one ``urls.py`` of the app maps them."""
