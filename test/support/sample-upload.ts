/** A valid lesson for the sample course, as a teacher would upload it from chat. */
export const RECURSION_LESSON = `---
title: Recursion
skills: [functions]
level: intermediate
---

# Recursion

A recursive function is a function that calls itself. Every recursion needs a base case.

## The base case

The base case is the input for which the function answers without calling itself again.
`;
