"""Layer kinds of the data contract: schemas, validation and map styles."""
