"""Find: the web pages of hot spots, emerging hot spots and near repeats (prevhub.crime.find)."""
