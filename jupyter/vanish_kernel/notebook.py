"""A vanish script as a notebook: its comments as markdown cells, its statements as code cells.

    python3 -m vanish_kernel notebook samples/tour.nn samples/tour.ipynb

Each run of comment lines (a line that starts with '#') becomes a markdown cell (the first
line of the first one a heading), each run of statement lines between blank lines and
comments a code cell. The notebook has no outputs and
numbered cell ids, so the same script always makes the same file (scripts/update-golden
remakes samples/tour.ipynb; a test checks that it is up to date).
"""

import sys

import nbformat


def cells(source):
    """(kind, text) for each cell of a script: kind is "markdown" or "code"."""
    result = []
    kind, lines = None, []

    def flush():
        nonlocal kind, lines
        if lines:
            result.append((kind, "\n".join(lines)))
        kind, lines = None, []

    for line in source.splitlines():
        if not line.strip():
            flush()
            continue
        this = "markdown" if line.lstrip().startswith("#") else "code"
        if this != kind:
            flush()
            kind = this
        lines.append(markdown(line.lstrip()[1:].strip()) if this == "markdown" else line)
    flush()
    # The script's first comment is its title.
    if result and result[0][0] == "markdown":
        result[0] = ("markdown", "# " + result[0][1])
    return result


def markdown(comment):
    """A comment's text as markdown: '*' and '_' outside `code` are themselves, not emphasis."""
    parts = comment.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("*", "\\*").replace("_", "\\_")
    return "`".join(parts)


def notebook(source):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "vanish", "display_name": "vanish", "language": "vanish"},
        "language_info": {"name": "vanish", "file_extension": ".nn", "mimetype": "text/x-vanish"},
    }
    for number, (kind, text) in enumerate(cells(source), start=1):
        cell = nbformat.v4.new_markdown_cell(text) if kind == "markdown" else nbformat.v4.new_code_cell(text)
        cell.id = f"cell-{number}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def main(arguments):
    if len(arguments) not in (1, 2):
        print("usage: python3 -m vanish_kernel notebook SCRIPT.nn [OUT.ipynb]", file=sys.stderr)
        return 2
    with open(arguments[0], encoding="utf-8") as file:
        text = notebook(file.read())
    if len(arguments) == 2:
        with open(arguments[1], "w", encoding="utf-8") as file:
            file.write(text)
    else:
        sys.stdout.write(text)
    return 0
