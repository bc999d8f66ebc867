"""Synthetic, clinically plausible demo and benchmark data (`aurora-admin demo-data`)."""

from aurora_desktop.demo_data.loader import DemoDataRefused, DemoReport, build_demo_data
from aurora_desktop.demo_data.sizes import SIZES, DemoSize
from aurora_desktop.demo_data.staffing import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "SIZES", "DemoDataRefused", "DemoReport", "DemoSize", "build_demo_data"]
