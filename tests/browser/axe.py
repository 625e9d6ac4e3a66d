"""Accessibility checks with axe-core (from npm) on the page a browser test is looking at."""

from pathlib import Path

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page) -> None:
    """Fail when axe-core finds a WCAG 2.1 A/AA violation of serious or critical impact on
    the current page. Lesser findings (moderate, minor) are left to reviews."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if violations:
        lines = [f"axe-core found {len(violations)} serious/critical violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:10]:
                target = ", ".join(map(str, node["target"]))
                lines.append(f"    {target}: {node.get('failureSummary', '')}")
        raise AssertionError("\n".join(lines))
