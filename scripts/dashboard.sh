#!/usr/bin/env bash
# Run the dashboard on the bundled demo county (or on RCM_DATA=/path/to/county.gpkg).
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
