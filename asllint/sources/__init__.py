"""Where state machines come from: which files a run lints (`discover`), reading a file into
plain data with positions (`load`, `yaml_reader`, `json_positions`, `embedded`), and the
containers that hold definitions (`locate`: plain ASL, CloudFormation, SAM, Serverless), each a
plugin behind the `asllint_find_state_machines` hook."""
