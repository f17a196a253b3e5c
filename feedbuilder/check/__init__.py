"""``feedbuilder check FEED``: RSS, Atom and JSON Feed files judged against the specs, ours or anyone's."""
