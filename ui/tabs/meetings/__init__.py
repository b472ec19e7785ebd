"""The 회의 tab as a package: the tab (``tab``), its words and columns (``columns``), shared
widgets (``widgets``), what a section is (``section``), and one module per section of the
selected meeting (``info``, ``attendance``, ``items``, ``actions``, ``minutes``,
``attachments``) plus its printouts (``printing``)."""
