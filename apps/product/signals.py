"""Domain events the product app announces; higher apps (payment, course) react to them."""

from django.dispatch import Signal

# A course-type product was created or its type fields saved; the course app holds the extension
# (``OrgProductCourse``) and makes it. Arguments: ``product``, ``fields``.
product_course_saved = Signal()

# A product is about to be published; a receiver refuses by raising ``ValidationError`` (nothing
# has changed yet). Arguments: ``product``.
product_publishing = Signal()

# May this member review this product? Higher apps answer from what they hold (payment: a paid
# order line; course: an enrollment); a receiver returns True to allow. Arguments: ``product``,
# ``member``.
product_review_eligibility = Signal()
