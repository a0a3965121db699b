"""The app's pages, declared once: the navigation, the decks, the benchmarks and the tests all
read this list (a new page is one line here and one file under `dashboard/pages/`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class Page:
    """One page of the app."""

    name: str  # its address (`/compare`) and its file (`dashboard/pages/compare.py`)
    icon: str  # a Material icon name, as Streamlit's navigation shows it
    slide: bool = False  # whether a view of it can be a slide of a deck
    plotly_charts: int = 0  # plotly charts it draws by default (what a browser waits for)
    maps: int = 0  # pydeck maps it draws by default
    default: bool = False  # the page at the root address
    hidden: bool = False  # reached by a link only, not listed in the navigation
    secretariat: bool = False  # listed only where a secretariat passphrase is configured

    @property
    def title_key(self) -> str:
        return f"nav.{self.name}"

    @property
    def file(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"

    @property
    def address(self) -> str:
        """Its address in a browser: the default page lives at the root."""
        return "/" if self.default else f"/{self.name}"


PAGES: tuple[Page, ...] = (
    Page("overview", ":material/dashboard:", slide=True, default=True),
    Page("compare", ":material/bar_chart:", slide=True, plotly_charts=3),
    Page("profile", ":material/flag:", slide=True, plotly_charts=3),
    Page("flows", ":material/moving:", slide=True, maps=1),
    Page("trends", ":material/show_chart:", slide=True, plotly_charts=3),
    Page("tracker", ":material/checklist:", slide=True),
    Page("deck", ":material/slideshow:"),
    Page("present", ":material/co_present:", hidden=True),
    Page("secretariat", ":material/admin_panel_settings:", secretariat=True),
)
BY_NAME = {page.name: page for page in PAGES}
DEFAULT = next(page.name for page in PAGES if page.default)
SLIDES: tuple[str, ...] = tuple(page.name for page in PAGES if page.slide)


def page(name: str) -> Page:
    return BY_NAME[name]


def file_of(name: str) -> str:
    """A page's file, as `st.switch_page` and `st.Page` take it."""
    return str(BY_NAME[name].file)
