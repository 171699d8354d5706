"""A student server whose containment check compares string prefixes: realpath(p).startswith(root)
with no separator after root, so /../docrootX/secret.txt (a sibling directory whose name starts
with the docroot's) is served. Deliberately broken. Usage: prefix-containment.py PORT DOCROOT"""
import os
from student_base import Student, main


class PrefixContainment(Student):
    def resolve(self, path):
        full = os.path.realpath(os.path.join(self.root, path.lstrip("/")))
        if not full.startswith(self.root):
            return None
        return full if os.path.isfile(full) else None


main(PrefixContainment)
