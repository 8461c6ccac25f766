"""Pages for people, one module per reason to change:

- `terms`: RDF terms as a page shows them, and where they link;
- `text`: article text with its evidence highlighted and its mentions linked;
- `pictures`: the timeline and the network of who met whom;
- `contexts`: what each template is given, typed, with defaults;
- `views`: the routes, which put the rest together.
"""

from linkeddata.web.pages.views import bp, entity_page

__all__ = ["bp", "entity_page"]
