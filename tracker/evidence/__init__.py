"""Evidence files (hồ sơ minh chứng) on criterion results, and the dossier built from them."""
