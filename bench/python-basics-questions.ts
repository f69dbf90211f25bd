/**
 * A held-out sanity check for retrieval changes: natural student questions about the bundled sample course,
 * written before any ranking change was measured, each with the heading whose section answers it.
 */
export interface SampleQuestion {
  question: string;
  file: string;
  heading: string;
}

export const PYTHON_BASICS_QUESTIONS: readonly SampleQuestion[] = [
  { question: "Why does 0.1 + 0.2 not equal 0.3?", file: "lessons/02-arithmetic.md", heading: "Floats are approximate" },
  { question: "How do I stop a loop early?", file: "lessons/05-loops.md", heading: "Stopping early with break" },
  { question: "What is the difference between return and print?", file: "lessons/07-functions.md", heading: "return is not print" },
  {
    question: "What happens if I look up a key that is not in a dictionary?",
    file: "lessons/09-dictionaries-tuples-sets.md",
    heading: "Missing keys and get()",
  },
  { question: "How can I check whether a number is even?", file: "lessons/02-arithmetic.md", heading: "Using % to test for even numbers" },
  { question: "Why do I get an UnboundLocalError?", file: "lessons/08-scope.md", heading: "UnboundLocalError" },
  { question: "Can I change one character of a string?", file: "lessons/03-strings.md", heading: "Strings cannot be changed" },
  {
    question: "How do I put a variable's value inside a string?",
    file: "lessons/03-strings.md",
    heading: "Building messages with f-strings",
  },
  {
    question: "Which values count as false in an if?",
    file: "lessons/04-booleans-and-conditionals.md",
    heading: "Truthy and falsy values",
  },
  { question: "How do I count from 1 to 10?", file: "lessons/05-loops.md", heading: "Counting with range()" },
  { question: "Why did changing one list also change the other one?", file: "lessons/06-lists.md", heading: "Two names for one list" },
  { question: "How do I remove duplicates from my data?", file: "lessons/09-dictionaries-tuples-sets.md", heading: "Sets: unique values" },
  {
    question: "What names am I allowed to give a variable?",
    file: "lessons/01-values-and-variables.md",
    heading: "Rules for variable names",
  },
  {
    question: "How do I turn the text '42' into a number?",
    file: "lessons/01-values-and-variables.md",
    heading: "Converting between types",
  },
  { question: "What is the difference between / and //?", file: "lessons/02-arithmetic.md", heading: "Division: /, // and %" },
  {
    question: "What should I do when the file I want to open does not exist?",
    file: "lessons/11-errors-and-files.md",
    heading: "When the file is missing",
  },
  {
    question: "How do I split a sentence into words?",
    file: "lessons/10-string-methods-and-comprehensions.md",
    heading: "Splitting and joining",
  },
  {
    question: "How do I make a new list with only some of the items of another list?",
    file: "lessons/10-string-methods-and-comprehensions.md",
    heading: "Filtering with if",
  },
  {
    question: "How do I make my function raise an error when the input is wrong?",
    file: "lessons/11-errors-and-files.md",
    heading: "Raising your own errors",
  },
  { question: "Why is using global variables a bad idea?", file: "lessons/08-scope.md", heading: "The global keyword, and a better way" },
];
