"""Camera video: tiles, the panel and the evidence tab."""
