"""View-models without Streamlit: what the overview, domain, gap-list, inventory and progress pages show."""
