"""Bilingual documents as PDF: minutes of talks and meetings, periodic reports (no Qt here)."""
