"""The shared indicators dataset: schema, reading, writing and validation (no Streamlit here)."""

from dashboard.dataset.model import Dataset, LoadResult, load_dataset

__all__ = ["Dataset", "LoadResult", "load_dataset"]
