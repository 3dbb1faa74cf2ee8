"""Small widgets shared by the forms: dates, bilingual pairs, counterparts, field errors."""
