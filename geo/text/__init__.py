"""The text layer: every user-visible sentence in Chinese and English, and number formatting."""
