"""A student server with "pretty URLs": a path that names no file is tried again with .html
appended, so /index serves index.html. Deliberately broken. Usage: appends-html.py PORT DOCROOT"""
from student_base import Student, main


class AppendsHtml(Student):
    def resolve(self, path):
        return super().resolve(path) or super().resolve(path + ".html")


main(AppendsHtml)
