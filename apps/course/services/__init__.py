"""Every write to courses, their outline, the lesson library, enrollments and learning, by sub-domain:
``courses``, ``outline``, ``lessons``, ``enrollments``, ``learning`` (what learners write), and
``common`` (what they share). Callers import the sub-module."""
