"""Pure analysis core of the rural coverage map: no Streamlit here."""
