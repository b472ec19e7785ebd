"""지역자원 tab: ``tab`` (the tab), ``columns`` (its columns, filters and colours),
``model`` (the list read a page at a time), ``detail`` (the selected service)."""
