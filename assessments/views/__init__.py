"""Views of the assessments app: they parse input and raise 4xx; reads go through selectors, writes through
services (DESIGN.md). Split by page family."""
