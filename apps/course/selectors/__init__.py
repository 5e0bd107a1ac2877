"""Every read of courses, with its query plan decided here, one module per sub-domain; import from the
module that holds the read:

- ``catalog``: courses, their lists and skills;
- ``outline``: the outline tree shared by the studio, the course page and the player, and its items;
- ``player``: the learner's state in the player and a lesson's content;
- ``enrollments``: enrollments and the learner's tier;
- ``progress``: "My learning" and a learner's progress in a course;
- ``lessons``: the lesson library and where a lesson is used;
- ``assessments``: quizzes, assignments, submissions and their review;
- ``ratings``: the community's challenge ratings;
- ``editor``: what the studio reads of a course it edits.
"""
