print("proxbench")
