"""linkeddata: diplomatic news turned into a SHACL-checked RDF dataset, published as a SPARQL endpoint,
downloads and dereferenceable URIs. The README's stage table says which module does what."""
