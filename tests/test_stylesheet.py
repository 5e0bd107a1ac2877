"""The stylesheet is whole: every block closed, no merge leftovers (a rule left open swallows every
rule after it, which the browser then drops without a word)."""

from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "volmify.css"


def test_every_block_of_the_stylesheet_is_closed():
    text = STYLESHEET.read_text()
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"volmify.css:{number} closes a block that was never opened"
        assert not line.startswith(("<<<<<<<", "=======", ">>>>>>>")), f"volmify.css:{number}: {line}"
    assert depth == 0, "volmify.css ends inside a block: a rule was left open"
