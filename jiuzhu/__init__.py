"""jiuzhu (救助): social assistance and hardship-worker aid, run as software."""

__version__ = "0.1.0"
