-- What the rule grader reads of a resume (scoring/resume_facts.py: skill mentions with
-- their evidence lines, the titles' role families), found once when the resume is stored
-- instead of in every alert round. NULL (a resume stored before) or another version: the
-- next alert round computes them and writes them back.
ALTER TABLE resumes ADD COLUMN facts jsonb;
